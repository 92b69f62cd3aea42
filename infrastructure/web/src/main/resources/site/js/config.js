// The deployment's settings, written beside the site: the API's URL and how people sign in (README, "The shop in the browser").
let config;

export async function loadConfig() {
  if (!config) {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error('config.json is missing: the site was deployed without its settings');
    config = await response.json();
    config.apiUrl = String(config.apiUrl || '').replace(/\/+$/, '');
  }
  return config;
}

export const settings = () => config;
