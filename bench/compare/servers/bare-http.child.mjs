// The ceiling of the lean-client workload on this machine: a node:http server that reads each
// request body and answers a canned empty JSON-protocol result, doing no SQS work at all. Nothing
// served over node:http with the same client can go faster than this.
import { createServer } from 'node:http';

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': '2' });
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop).resume();
