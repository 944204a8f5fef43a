// Runs inside DynamoDB Local's own network namespace (infra/local/emulators.ts): listens on a Unix
// socket in the shared filesystem and forwards each connection to DynamoDB Local on the
// namespace's loopback. Plain JavaScript, so it starts without a TypeScript loader.
import { rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const [socketPath, port] = process.argv.slice(2);
rmSync(socketPath, { force: true });
createServer((client) => {
  const upstream = connect(Number(port), '127.0.0.1');
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
}).listen(socketPath);
