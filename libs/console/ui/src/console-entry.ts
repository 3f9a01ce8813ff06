// The console page's script: defines <webhooks-console>, which the page already contains.
import './console-app.js';
