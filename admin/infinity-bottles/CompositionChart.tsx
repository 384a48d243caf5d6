import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { Schemas } from '../dataProvider';
import { formatMl, formatPercent } from '../common/format';
import { compositionColour } from './compositionColours';

type Share = Schemas['CompositionItemDto'];

/**
 * The blend of an infinity bottle as a doughnut, one slice per whisky. Loaded on demand (React.lazy):
 * recharts is too heavy for the console's first load.
 */
const CompositionChart = ({ composition }: { composition: Share[] }) => (
  <ResponsiveContainer width="100%" height={240}>
    <PieChart>
      <Pie
        data={composition}
        dataKey="ml"
        nameKey="whiskyName"
        innerRadius="55%"
        outerRadius="90%"
        paddingAngle={composition.length > 1 ? 1 : 0}
        // A lone whisky is a full ring: no seam where it starts and ends.
        stroke={composition.length > 1 ? '#fff' : 'none'}
        isAnimationActive={false}
      >
        {composition.map((share, index) => (
          <Cell key={share.whiskyId} fill={compositionColour(index)} />
        ))}
      </Pie>
      <Tooltip
        formatter={(ml, _name, item) => {
          const share = item.payload as Share;
          return `${formatMl(Number(ml))} (${formatPercent(share.percent)})`;
        }}
      />
    </PieChart>
  </ResponsiveContainer>
);

export default CompositionChart;
