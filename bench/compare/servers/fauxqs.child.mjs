// Starts fauxqs the way its README's "Programmatic usage" does (its CLI forces request logging on,
// which would measure pino, not the queue), and prints the address for the bench to read.
import { startFauxqs } from 'fauxqs';

const server = await startFauxqs({ port: 0, logger: false });
console.log(`listening on http://127.0.0.1:${server.port}`);
const stop = () => server.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The bench holds our stdin open; if it dies, stop too.
process.stdin.on('end', stop).resume();
