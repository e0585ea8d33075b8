/**
 * Entry point of `nx run experiments:<protocol>`: the paper's MISO, SIMO and MVTec-AD protocols.
 */
const protocols = ['miso', 'simo', 'mvtec'] as const;

const protocol = process.argv[2];
if (!protocols.includes(protocol as (typeof protocols)[number])) {
  console.error(`usage: tsx apps/experiments/src/main.ts <${protocols.join('|')}> [options]`);
  process.exit(2);
}
console.log(`experiments:${protocol} — the experiment pipeline is not built yet (see the experiments issue).`);
