/**
 * Timing claims of the paper (Mesarcik et al. 2022, section 4.5), measured on an Nvidia T4, shown beside
 * our figures. Keys match the `case` prefix of our MVTec rows.
 */
export const paperT4Figures = [
  { workload: 'encoder', case: '128x128x3 L=128 batch=1', perItemMs: 7.41, note: 'MVTec-AD image, encoder forward pass' },
  { workload: 'decoder', case: '128x128x3 L=128 batch=1', perItemMs: 9.63, note: 'MVTec-AD image, decoder forward pass' },
] as const;

/** The paper's comparison point: one ResNet-50 forward pass on the T4, ms. */
export const paperResnet50Ms = 43.3;
