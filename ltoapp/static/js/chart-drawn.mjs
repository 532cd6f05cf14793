/* The parts of Chart.js the app draws with, named once: radar charts of the
   ten questions and the small line charts of ratings over time.
   chart-parts.mjs registers every name exported here; esbuild leaves out the
   charts, scales and plugins not named. */
export {
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  RadarController,
  RadialLinearScale,
  Tooltip
} from "chart.js";
