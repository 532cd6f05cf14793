/* Only the parts of Chart.js the app draws with: radar charts of the ten
   questions and the small line charts of ratings over time. esbuild bundles
   this from the npm package (ltoapp/bundles.py), leaving the rest out. */
import {
  CategoryScale,
  Chart,
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

Chart.register(
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
);

window.Chart = Chart;
