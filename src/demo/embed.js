// The embedding guide's snippet builders: pick the options, read the code, copy it.
// A plain module with no imports, served as a file (the demo pages' CSP allows no inline script).

/** The demo organisations' feedback services (src/data/demo/organisations.json; the e2e test checks each one). */
const SERVICES = {
  'demo-pelastuslaitos': [
    ['rescue-operation', 'Rescue operation'],
    ['emergency-care', 'Emergency medical care'],
    ['fire-inspection', 'Fire inspection'],
    ['safety-training', 'Safety training'],
    ['customer-service', 'Customer service'],
    ['duty-fire-inspector', 'On-duty fire inspector'],
    ['event-safety', 'Public event safety'],
    ['other', 'Other service'],
  ],
  'demo-raddningsverk': [
    ['fire-inspection', 'Fire inspection'],
    ['safety-training', 'Safety training'],
  ],
};

/** The server that serves this guide is the Luukku server the snippet points at. */
const server = location.origin;

/** The attributes of the element, in the order they appear in the snippet. */
function attributesOf(form) {
  const data = new FormData(form);
  const attributes = [['api', `${server}/`]];
  for (const name of ['organisation', 'service', 'mode', 'lang']) {
    const value = data.get(name);
    if (typeof value === 'string' && value !== '') attributes.push([name, value]);
  }
  if (data.get('plain-language') !== null) attributes.push(['plain-language', '']);
  return attributes;
}

function snippet(tag, attributes) {
  const lines = attributes.map(([name, value]) => (value === '' ? `  ${name}` : `  ${name}="${value}"`));
  return `<script type="module" src="${server}/luukku/autoload.js"></script>\n\n<${tag}\n${lines.join('\n')}></${tag}>`;
}

function fillServices(form) {
  const organisation = form.elements.namedItem('organisation');
  const service = form.elements.namedItem('service');
  if (!(service instanceof HTMLSelectElement) || !(organisation instanceof HTMLSelectElement)) return;
  const previous = service.value;
  const services = SERVICES[organisation.value] ?? [];
  service.replaceChildren(...services.map(([id, name]) => new Option(`${name} (${id})`, id, false, id === previous)));
  if (!services.some(([id]) => id === previous)) service.selectedIndex = 0;
}

function update(form) {
  const tag = form.dataset.widget;
  const code = form.querySelector('code');
  if (!tag || !code) return;
  const attributes = attributesOf(form);
  code.textContent = snippet(tag, attributes);
  const status = form.querySelector(`[data-copied-for="${code.id}"]`);
  if (status) status.textContent = '';
  const preview = form.querySelector(`[data-preview-for="${code.id}"]`);
  const details = preview?.closest('details');
  if (preview && details?.open) {
    const element = document.createElement(tag);
    for (const [name, value] of attributes) element.setAttribute(name, value);
    preview.replaceChildren(element);
  }
}

/** Copies with the Clipboard API; where that is refused, selects the text so Ctrl+C works. */
async function copy(button) {
  const id = button.dataset.copy;
  const code = id ? document.getElementById(id) : null;
  const status = document.querySelector(`[data-copied-for="${id}"]`);
  if (!code || !status) return;
  try {
    await navigator.clipboard.writeText(code.textContent ?? '');
    status.textContent = 'Copied to the clipboard.';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    status.textContent = 'Could not copy automatically: the code is selected, press Ctrl+C (⌘C on a Mac).';
  }
}

for (const form of document.querySelectorAll('form.builder')) {
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement && event.target.name === 'organisation') fillServices(form);
    update(form);
  });
  form.querySelector('details')?.addEventListener('toggle', () => update(form));
  form.querySelector('[data-copy]')?.addEventListener('click', (event) => void copy(event.currentTarget));
  fillServices(form);
  update(form);
}
for (const code of document.querySelectorAll('#csp-example')) {
  code.textContent = code.textContent.replaceAll('https://YOUR-LUUKKU-SERVER', server);
}
