/** Calls back with each line a load process receives on stdin: its commands from the bench. */
export function onStdinLines(handle: (line: string) => void): void {
  process.stdin.setEncoding('utf8');
  let buffer = '';
  process.stdin.on('data', (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      handle(line);
    }
  });
}
