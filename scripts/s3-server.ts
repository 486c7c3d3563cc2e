/**
 * A local S3-protocol server for demos and manual tests (npm package s3rver):
 *   npx tsx scripts/s3-server.ts --port 9000 --dir /tmp/s3 --bucket poststelle
 * Listens on 127.0.0.1 only, accepts the key pair S3RVER / S3RVER, prints
 * `ready http://127.0.0.1:PORT` once it accepts requests and stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { startLocalS3Server } from '../test/s3-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    dir: { type: 'string' },
    bucket: { type: 'string', default: 'poststelle' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`s3-server: --port ${values.port} is not a port\n`);
  process.exit(1);
}
const server = await startLocalS3Server({ port, bucket: values.bucket, ...(values.dir ? { directory: values.dir } : {}) });
process.stdout.write(`ready ${server.endpoint} bucket=${server.bucket}\n`);
const stop = () => {
  server.stop().then(
    () => process.exit(0),
    () => process.exit(2),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
