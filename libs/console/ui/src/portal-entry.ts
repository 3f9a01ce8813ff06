// The portal page's script and the embeddable element: a host app loads this file
// (/ui-assets/portal.js) and puts <webhooks-portal token="…"> in its own page.
import './webhooks-portal.js';
