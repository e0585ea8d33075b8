import { bestBy, chooseOnSelection, choosePerClassMax, type GridPoint } from './choose-k-alpha';

describe('selection of K and alpha', () => {
  const grid: GridPoint[] = [
    { k: 1, alpha: 0, selection: 0.7, evaluation: 0.9 },
    { k: 1, alpha: 1, selection: 0.8, evaluation: 0.6 },
    { k: 2, alpha: 1, selection: 0.8, evaluation: 0.7 },
    { k: 5, alpha: 0.5, selection: 0.75, evaluation: 0.95 },
  ];

  it('picks the best selection AUROC, ties to the smaller K', () => {
    expect(chooseOnSelection(grid)).toEqual(grid[1]);
  });

  it('ties on K go to the larger alpha', () => {
    const tied: GridPoint[] = [
      { k: 2, alpha: 0.2, selection: 0.5, evaluation: 0 },
      { k: 2, alpha: 0.8, selection: 0.5, evaluation: 0 },
    ];
    expect(chooseOnSelection(tied).alpha).toBe(0.8);
  });

  it('the per-class maximum uses the evaluation AUROC', () => {
    expect(choosePerClassMax(grid)).toEqual(grid[3]);
  });

  it('bestBy takes any value and applies the same ties', () => {
    expect(bestBy(grid, (p) => p.selection + p.evaluation)).toEqual(grid[3]);
    expect(bestBy(grid, () => 0)).toEqual(grid[1]);
  });

  it('an empty grid is an error', () => {
    expect(() => chooseOnSelection([])).toThrow('no (K, alpha)');
  });
});
