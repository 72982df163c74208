import { useEffect, useState } from 'react';

/** Repaint every `ms` while `on`, so an elapsed-time label keeps moving between store updates. */
export function useTicker(on: boolean, ms = 250): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!on) return;
    const id = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(id);
  }, [on, ms]);
}
