import { Typography } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schemas } from '../dataProvider';
import { DashboardCard } from './DashboardCard';
import { BOTTLE_STATUS_LABELS as STATUS_LABELS } from '../common/BottleStatusChip';
import { formatMoney } from '../common/format';
import { formatMonth, groupLabel, useUserLocale } from './format';

type Stats = Schemas['CollectionStatsDto'];

/** Amber and oak, like the console's theme. */
const COLOURS = ['#8a4b14', '#d4a047', '#4e342e', '#a1887f', '#6d8b74', '#c0623a'];
const PRIMARY = COLOURS[0];
/** Bars shown for origins and styles; the rest are summed as "Others". */
const TOP_GROUPS = 8;
const BAR_ROW_HEIGHT = 34;

const Empty = ({ children }: { children: string }) => (
  <Typography variant="body2" color="text.secondary">
    {children}
  </Typography>
);

/** The tooltips' look, shared by every chart. */
const tooltipProps = {
  contentStyle: { borderRadius: 4 },
  cursor: { fillOpacity: 0.1 },
};

const ByStatus = ({ byStatus }: { byStatus: Stats['bottlesByStatus'] }) => {
  const data = (Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[])
    .map((status, index) => ({ name: STATUS_LABELS[status], value: byStatus[status], fill: COLOURS[index] }))
    .filter((slice) => slice.value > 0);
  return (
    <DashboardCard title="Bottles by status">
      <PieChart responsive style={{ width: '100%', height: 240 }}>
        <Pie
          data={data}
          dataKey="value"
          nameKey="name"
          innerRadius="45%"
          outerRadius="80%"
          paddingAngle={1}
        />
        <Tooltip {...tooltipProps} />
        <Legend itemSorter={null} />
      </PieChart>
    </DashboardCard>
  );
};

const ByGroup = ({
  title,
  groups,
  dimension,
}: {
  title: string;
  groups: Stats['byCountry'];
  dimension: 'country' | 'style';
}) => {
  const top = groups.slice(0, TOP_GROUPS).map((group) => ({
    name: groupLabel(group.key, dimension),
    bottles: group.bottles,
  }));
  const others = groups.slice(TOP_GROUPS).reduce((sum, group) => sum + group.bottles, 0);
  const data = others > 0 ? [...top, { name: 'Others', bottles: others }] : top;
  return (
    <DashboardCard title={title} subtitle="Bottles on hand">
      {data.length === 0 ? (
        <Empty>No bottles on hand.</Empty>
      ) : (
        <BarChart
          responsive
          layout="vertical"
          data={data}
          style={{ width: '100%', height: data.length * BAR_ROW_HEIGHT + 40 }}
          margin={{ left: 8, right: 16 }}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={110} />
          <Tooltip {...tooltipProps} />
          <Bar dataKey="bottles" name="Bottles" fill={PRIMARY} radius={[0, 3, 3, 0]} />
        </BarChart>
      )}
    </DashboardCard>
  );
};

const Value = ({ value }: { value: Stats['value'] }) => {
  const locale = useUserLocale();
  return (
    <DashboardCard title="Value" subtitle="Paid and estimated, bottles on hand">
      {value.length === 0 ? (
        <Empty>No prices recorded yet.</Empty>
      ) : (
        <>
          {value.map((amounts) => (
            <Typography key={amounts.currency} variant="body2">
              {formatMoney(amounts.paid, amounts.currency, locale)} paid ·{' '}
              {formatMoney(amounts.estimated, amounts.currency, locale)} estimated
            </Typography>
          ))}
          <BarChart responsive data={value} style={{ width: '100%', height: 220, marginTop: 8 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="currency" />
            <YAxis width={64} />
            <Tooltip
              {...tooltipProps}
              formatter={(amount, name, item) => [
                formatMoney(Number(amount), (item.payload as Schemas['CollectionValueDto']).currency, locale),
                name,
              ]}
            />
            <Legend itemSorter={null} />
            <Bar dataKey="paid" name="Paid" fill={COLOURS[2]} radius={[3, 3, 0, 0]} />
            <Bar dataKey="estimated" name="Estimated" fill={COLOURS[1]} radius={[3, 3, 0, 0]} />
          </BarChart>
        </>
      )}
    </DashboardCard>
  );
};

const PoursPerMonth = ({ months }: { months: Stats['poursPerMonth'] }) => {
  const locale = useUserLocale();
  const data = months.map((month) => ({
    ...month,
    label: formatMonth(month.month, locale, 'short'),
    title: formatMonth(month.month, locale, 'long'),
  }));
  return (
    <DashboardCard title="Pours per month" subtitle="The last 12 months">
      {months.every((month) => month.pours === 0) ? (
        <Empty>No pours in the last 12 months.</Empty>
      ) : (
        <BarChart responsive data={data} style={{ width: '100%', height: 240 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="label" interval="preserveStartEnd" />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(_label, payload) =>
              (payload[0]?.payload as { title?: string } | undefined)?.title
            }
            formatter={(_pours, _name, item) => {
              const month = item.payload as Schemas['MonthlyPoursDto'];
              return [`${month.pours} (${month.ml} ml)`, 'Pours'];
            }}
          />
          <Bar dataKey="pours" name="Pours" fill={PRIMARY} radius={[3, 3, 0, 0]} />
        </BarChart>
      )}
    </DashboardCard>
  );
};

/**
 * The collection's charts. Loaded lazily by the dashboard, so recharts stays out of the first load.
 */
const CollectionCharts = ({ stats }: { stats: Stats }) => (
  <>
    <ByStatus byStatus={stats.bottlesByStatus} />
    <PoursPerMonth months={stats.poursPerMonth} />
    <ByGroup title="By country" groups={stats.byCountry} dimension="country" />
    <ByGroup title="By style" groups={stats.byStyle} dimension="style" />
    <Value value={stats.value} />
  </>
);

export default CollectionCharts;
