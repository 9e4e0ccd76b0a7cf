/** Entry point: loads the wasm façade and starts the page (embed mode with ?embed=1). */
import init, { Playground } from './pkg/windowpane_wasm.js';
import { startApp } from './app.js';

const embed = new URLSearchParams(location.search).get('embed') === '1';
if (embed) document.body.classList.add('embed');

try {
  await init();
  await startApp(new Playground(), { embed });
} catch (e) {
  const banner = document.getElementById('banner');
  if (banner) {
    banner.hidden = false;
    banner.textContent = `windowpane could not start: ${e instanceof Error ? e.message : e}`;
  }
  document.body.dataset.state = 'failed';
  throw e;
}
