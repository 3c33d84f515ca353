// The physical limit: a bare `ws` server that broadcasts the bytes it is given to every client.
import { WebSocketServer } from 'ws';
import { onStdinLines } from './stdin-lines';

const wss = new WebSocketServer({ port: Number(process.argv[2]), host: '127.0.0.1', perMessageDeflate: false });
onStdinLines((line) => {
  for (const client of wss.clients) client.send(line);
});
wss.on('listening', () => process.stdout.write('listening\n'));
