/* Chart.js with only the parts the app draws with (chart-drawn.mjs), as the
   global the app's chart scripts use. esbuild bundles this from the npm
   package (ltoapp/bundles.py), leaving the rest out. */
import { Chart } from "chart.js";
import * as drawn from "./chart-drawn.mjs";

Chart.register(...Object.values(drawn));

window.Chart = Chart;
