/**
 * `npm run bench`: runs each bench module in turn, in this process, and prints all rows in one table.
 * `npm run bench -- kernel storm` runs only those modules. Add a module by appending it to BENCHES.
 * Benchmarks never assert on times.
 */
import { printTable, type BenchRow } from './harness';
import * as explore from './explore.bench';
import * as kernel from './kernel.bench';
import * as shard from './shard.bench';
import * as storm from './storm.bench';

interface BenchModule {
  run(): Promise<BenchRow[]>;
}

const BENCHES: [name: string, module: BenchModule][] = [
  ['kernel', kernel],
  ['storm', storm],
  ['shard', shard],
  ['explore', explore],
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some(([name]) => name === w));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; the benches are: ${BENCHES.map(([name]) => name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const rows: BenchRow[] = [];
  for (const [name, module] of BENCHES) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.error(`running ${name} ...`);
    rows.push(...(await module.run()));
  }
  printTable(rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
