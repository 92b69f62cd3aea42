// Which page is showing: pages that poll stop when the person has moved on.
let counter = 0;

export const current = () => counter;
export const nextRoute = () => ++counter;

export const signInPrompt = (purpose) => `<p><a class="button primary" href="#/sign-in?then=${encodeURIComponent(location.hash || '#/')}">Sign in</a> ${purpose}.</p>`;
