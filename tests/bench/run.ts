/**
 * `npm run bench`: runs each bench module in turn, in this process, and prints all rows in one table.
 * Add a module by appending it to BENCHES. Benchmarks never assert on times.
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
  const rows: BenchRow[] = [];
  for (const [name, module] of BENCHES) {
    console.error(`running ${name} ...`);
    rows.push(...(await module.run()));
  }
  printTable(rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
