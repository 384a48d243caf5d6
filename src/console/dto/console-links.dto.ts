/** Where the console's dashboard links lead for the signed-in user. */
export class ConsoleLinksDto {
  /** Swagger UI. @example "/api/docs" */
  apiDocs: string;
  /** The Bull job board; `null` unless the caller administers the instance. @example "/admin/queues" */
  jobBoard: string | null;
  /** The configured Grafana; `null` when GRAFANA_URL is unset. @example "http://nas.local:3001" */
  grafana: string | null;
  /** Failed jobs kept on the job board, all queues together; `null` unless the caller administers the instance. */
  failedJobs: number | null;
  /** Whether the caller administers the instance (registration mode, job board). */
  instanceAdmin: boolean;
}
