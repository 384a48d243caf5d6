import type { S3Client } from '@aws-sdk/client-s3';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { pipeline, Readable } from 'node:stream';
import type { StorageErrorClass } from '../storage-error-translation.js';
import { StorageProviderBase } from '../storage-provider.base.js';
import type {
  ByteRange,
  PutOptions,
  StorageCapabilities,
  StoredObject,
  StoredObjectInfo,
} from '../storage-provider.js';
import type { S3StorageSettings, StorageProviderContext } from '../storage-settings.js';
import { emptyStream, sliceBytes } from '../storage-streams.js';
import { guardedAgents } from '../storage-target-agents.js';
import { StorageConfigError, StorageOperationError } from '../storage.errors.js';
import { classifyS3Error, s3Failure, s3Status } from './s3-errors.js';

/**
 * The AWS SDK takes most of a second to load: it is loaded when an S3 provider is first used, not
 * when the application starts (a Raspberry Pi boots without it unless S3 is configured).
 */
const s3Sdk = () => import('@aws-sdk/client-s3');
const s3Uploads = () => import('@aws-sdk/lib-storage');

const MiB = 1024 * 1024;
/** Part size of multipart uploads; the uploader holds at most {@link QUEUE_SIZE} parts in memory. */
const MIN_PART_BYTES = 5 * MiB;
const QUEUE_SIZE = 2;
/** S3's limit on the number of parts, kept below so that an announced size always fits. */
const MAX_PARTS = 9000;

/**
 * The bytes of `range` from a ranged GET's body. S3-compatible servers do not all honour ranges
 * exactly (s3rver reads `bytes=0-0` as `bytes=0-`; others answer 200 with the whole object), so
 * the answer's Content-Range decides what to cut.
 */
function trimToRange(body: Readable, contentRange: string | undefined, range: ByteRange): Readable {
  const sent = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? '');
  const sentStart = sent ? Number(sent[1]) : 0;
  const sentEnd = sent ? Number(sent[2]) : Infinity;
  const end = range.end ?? Infinity;
  if (sentStart === range.start && sentEnd <= end) return body;
  if (sentStart > range.start) throw new StorageOperationError(`s3 get: the server sent ${contentRange}`);
  return pipeline(body, sliceBytes(range.start - sentStart, end - sentStart), () => undefined);
}

/**
 * Objects in an S3-compatible bucket. Uploads go through @aws-sdk/lib-storage: a single PUT for
 * small objects, a multipart upload for large ones; either way the object appears only when the
 * upload completes, and a failed multipart upload is aborted.
 */
export class S3StorageProvider extends StorageProviderBase {
  readonly type = 's3';
  readonly capabilities: StorageCapabilities = {
    rangeReads: true,
    serverSideRename: false,
    multipartUpload: true,
  };
  private readonly client: Promise<S3Client>;
  private readonly agents: [HttpAgent, HttpsAgent];
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    private readonly settings: S3StorageSettings,
    context: StorageProviderContext,
  ) {
    super();
    if (settings.endpoint !== undefined) {
      let url: URL;
      try {
        url = new URL(settings.endpoint);
      } catch {
        throw new StorageConfigError(`The S3 endpoint ${settings.endpoint} is not a URL`);
      }
      if (!['http:', 'https:'].includes(url.protocol)) {
        throw new StorageConfigError(`The S3 endpoint must be an http(s) URL, not ${url.protocol}`);
      }
    }
    const agents = guardedAgents(context.targets);
    this.agents = [agents.http, agents.https];
    this.bucket = settings.bucket;
    this.prefix = (settings.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.client = s3Sdk().then(
      ({ S3Client }) =>
        new S3Client({
          region: settings.region,
          endpoint: settings.endpoint,
          forcePathStyle: settings.forcePathStyle ?? false,
          credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
          // S3-compatible servers (MinIO, Garage, older releases) do not all accept the CRC checksums
          // the SDK adds by default.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          requestHandler: {
            httpAgent: this.agents[0],
            httpsAgent: this.agents[1],
            connectionTimeout: 10_000,
            socketTimeout: 120_000,
          },
        }),
    );
  }

  protected async putObject(key: string, body: Readable, options: PutOptions): Promise<void> {
    const partSize = Math.max(MIN_PART_BYTES, Math.ceil((options.size ?? 0) / MAX_PARTS));
    const { Upload } = await s3Uploads();
    const upload = new Upload({
      client: await this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentType: options.contentType },
      partSize,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  protected async getObject(key: string, range: ByteRange | undefined): Promise<Readable> {
    try {
      const { GetObjectCommand } = await s3Sdk();
      const { Body, ContentRange } = await (
        await this.client
      ).send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
      );
      if (!(Body instanceof Readable)) throw new StorageOperationError('s3 get: the response has no body');
      return range ? trimToRange(Body, ContentRange, range) : Body;
    } catch (error) {
      // A range starting at or after the end of the object: nothing to read.
      if (range && (s3Status(error) === 416 || s3Failure(error).name === 'InvalidRange'))
        return emptyStream();
      throw error;
    }
  }

  protected async statObject(key: string): Promise<StoredObjectInfo | null> {
    try {
      const { HeadObjectCommand } = await s3Sdk();
      const head = await (
        await this.client
      ).send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0), etag: head.ETag };
    } catch (error) {
      if (s3Status(error) === 404) return null;
      throw error;
    }
  }

  protected async *listObjects(prefix: string): AsyncGenerator<StoredObject> {
    const { paginateListObjectsV2 } = await s3Sdk();
    const pages = paginateListObjectsV2(
      { client: await this.client, pageSize: 1000 },
      { Bucket: this.bucket, Prefix: this.objectKey(prefix) || undefined },
    );
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          key: object.Key.slice(strip),
          size: object.Size ?? 0,
          modifiedAt: object.LastModified ?? new Date(0),
          etag: object.ETag,
        };
      }
    }
  }

  protected async deleteObject(key: string): Promise<void> {
    const { DeleteObjectCommand } = await s3Sdk();
    await (
      await this.client
    ).send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  protected classifyError(error: unknown): StorageErrorClass | undefined {
    return classifyS3Error(error);
  }

  protected override explain(error: unknown): string {
    const { name, message } = s3Failure(error);
    if (name === 'NoSuchBucket') return `the bucket ${JSON.stringify(this.bucket)} does not exist`;
    // HEAD and some errors have no body: the SDK then names the status only.
    return message && message !== 'UnknownError' ? message : `${name ?? 'error'} (HTTP ${s3Status(error)})`;
  }

  protected override secrets(): string[] {
    return [this.settings.secretAccessKey];
  }

  override async close(): Promise<void> {
    (await this.client).destroy();
    for (const agent of this.agents) agent.destroy();
  }

  private objectKey(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }
}
