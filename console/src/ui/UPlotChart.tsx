/**
 * A uPlot chart in React: created on mount, given new data when it changes, destroyed on unmount.
 * The wrapper carries `data-points` (how many x values it draws) for tests and assistive text.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export function UPlotChart({
  testId,
  options,
  data,
}: {
  testId: string;
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // Created once per chart: its options are fixed; new data goes through setData below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is made once, from its first data.
  useEffect(() => {
    if (!host.current) return;
    chart.current = new uPlot({ ...options, width: Math.max(320, host.current.clientWidth), height: 240 }, data, host.current);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  return <div ref={host} className="chart" data-testid={testId} data-points={data[0].length} />;
}
