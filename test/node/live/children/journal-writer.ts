/**
 * Child process of journal-file.test.ts: appends a numbered, timestamped line every 20 ms to a journal
 * until it is killed; prints `ready` once the journal is open.
 * Usage: tsx journal-writer.ts FILE
 */
import { JournalWriter } from '../../../../src/node/live/journal-file.js';

const journal = JournalWriter.open(process.argv[2] as string);
let i = 0;
setInterval(() => journal.append({ type: 'tick', i: i++, at: Date.now(), pad: 'x'.repeat(200) }), 20);
process.stdout.write('ready\n');
