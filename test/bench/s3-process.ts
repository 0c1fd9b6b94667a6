// The S3-compatible server in its own process, as S3 is in production: the service reaches it over HTTP.
import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

const directory = process.argv[2];
mkdirSync(directory, { recursive: true });
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
const { port } = (await server.run()) as { port: number };
process.send?.({ port });
process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
