'use strict';
/**
 * A verdaccio registry for one run: `fork`ed by startRegistry (workspace.js) with the path of its
 * config. It listens on a free port of 127.0.0.1, sends `{ port }` to its parent, and exits when the
 * parent does (the IPC channel closes), so a crashed run leaves no registry behind.
 */
const { runServer } = require('verdaccio');

async function main() {
  const [config] = process.argv.slice(2);
  const app = await runServer(config);
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  server.on('error', (e) => {
    process.send({ error: e.message });
    process.exit(1);
  });
}

process.on('disconnect', () => process.exit(0));
main().catch((e) => {
  if (process.connected) process.send({ error: e.message });
  process.exit(1);
});
