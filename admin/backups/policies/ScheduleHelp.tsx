import { Box, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { useRecordContext } from 'react-admin';
import cronstrue from 'cronstrue';
import type { Schemas } from '../../dataProvider';
import { formatInZone } from '../format';

type Policy = Schemas['BackupPolicyDto'];

/** A cron expression in words ("At 03:00"), or null when it does not parse. */
export function describeCron(expression: string | null | undefined): string | null {
  if (!expression?.trim()) return null;
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return null;
  }
}

/**
 * The schedule in words, and the API's next five runs in the policy's time zone. The runs are the
 * saved policy's: while the schedule or zone is being changed, the page says they update on save.
 */
export const ScheduleHelp = () => {
  const record = useRecordContext<Policy>();
  const schedule = useWatch({ name: 'schedule' }) as string | undefined;
  const timeZone = useWatch({ name: 'timeZone' }) as string | undefined;
  const enabled = useWatch({ name: 'enabled' }) as boolean | undefined;
  const description = describeCron(schedule);
  const unsaved = !record || record.schedule !== schedule || record.timeZone !== timeZone;
  return (
    <Box sx={{ mb: 2 }} aria-label="Schedule" role="group">
      <Typography
        variant="body2"
        color={description ? 'text.primary' : 'error'}
        data-testid="cron-description"
      >
        {description ??
          (schedule ? 'Not a valid cron expression' : 'Enter a cron expression, e.g. 0 3 * * *')}
      </Typography>
      {unsaved ? (
        <Typography variant="caption" color="text.secondary">
          The next run times are shown once the policy is saved.
        </Typography>
      ) : !enabled || record.nextRuns.length === 0 ? (
        <Typography variant="caption" color="text.secondary">
          No run is scheduled while the policy is disabled.
        </Typography>
      ) : (
        <>
          <Typography variant="caption" color="text.secondary">
            Next runs ({record.timeZone}):
          </Typography>
          <Box component="ol" sx={{ m: 0, pl: 3 }} aria-label="Next runs">
            {record.nextRuns.map((when) => (
              <Typography component="li" variant="body2" key={when}>
                {formatInZone(when, record.timeZone)}
              </Typography>
            ))}
          </Box>
        </>
      )}
    </Box>
  );
};
