// Starts local-aws-sqs as its README's "Usage" section does (it has no CLI), on 127.0.0.1 and a
// free port, and prints the address for the bench to read.
import { createSqsServer } from 'local-aws-sqs';

const server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
console.log(`listening on http://127.0.0.1:${server.address().port}`);
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The bench holds our stdin open; if it dies, stop too.
process.stdin.on('end', stop).resume();
