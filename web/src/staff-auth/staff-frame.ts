/**
 * The frame both staff apps share (the partner app, the operators' console): the sign-in gate that
 * brings the person back to where they were going (a notification's link, a need's address), the
 * navigation's current view, signing out (the button, or the API answering 401), and the page shown
 * when `config.json` cannot be read. Each app renders its own views inside it.
 */
import { clearAnnouncement, onViewChange } from '../announce.ts';
import { el } from '../elements.ts';

export interface FrameParts {
  main: HTMLElement;
  nav: HTMLElement;
  signOutButton: HTMLButtonElement;
}

export interface SignInView {
  /** The document's title while signing in. */
  title: string;
  /** Renders the sign-in into `main`; `done` once signed in; `returnTo` is where the person was going. */
  render(done: () => void, returnTo: string): void;
}

let onSignedOut: () => void = () => undefined;

/** The API said the session is over (401, or no token to refresh): sign out and show the sign-in. */
export function signedOutByApi(): void {
  onSignedOut();
}

export function staffFrame(parts: FrameParts, options: { home: string; show: () => Promise<void>; signOut: () => void }) {
  const { main, nav, signOutButton } = parts;
  let afterSignIn = '';

  /** Signing out (the button, or the API) and moving to another address show the app again. */
  function listen(): void {
    onSignedOut = () => {
      options.signOut();
      void options.show();
    };
    signOutButton.addEventListener('click', () => {
      options.signOut();
      clearAnnouncement();
      location.hash = options.home;
      void options.show();
    });
    window.addEventListener('hashchange', () => void options.show());
  }

  return {
    /**
     * Shows the sign-in instead of the app when nobody is signed in (true); otherwise the app's
     * navigation and sign-out button (false), and the app renders its view.
     */
    gate(signedIn: boolean, signIn: SignInView): boolean {
      nav.hidden = !signedIn;
      signOutButton.hidden = !signedIn;
      if (signedIn) {
        onViewChange();
        return false;
      }
      afterSignIn ||= location.hash;
      document.title = signIn.title;
      signIn.render(() => {
        const target = afterSignIn || options.home;
        afterSignIn = '';
        if (location.hash === target) void options.show();
        else location.hash = target;
      }, afterSignIn);
      return true;
    },

    /** Marks the navigation link of `view` (`data-view`) as the current page; none for undefined. */
    markCurrent(view: string | undefined): void {
      for (const link of Array.from(nav.querySelectorAll<HTMLAnchorElement>('a'))) {
        if (view !== undefined && link.dataset.view === view) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },

    /**
     * Starts the app: reads `config.json` (without it nobody can sign in here, and the page says so),
     * lets the app set itself up with it, finishes an OpenID Connect sign-in the issuer sent back
     * (saying so when it failed), then listens and shows the current view.
     */
    async open<Config>(steps: {
      loadConfig(): Promise<Config>;
      configured(config: Config): void;
      finishOidcSignIn(config: Config): Promise<string | undefined>;
      words: { title: string; notConfigured: string; signInFailed: string };
    }): Promise<void> {
      let config: Config;
      try {
        config = await steps.loadConfig();
      } catch {
        main.replaceChildren(el('h1', { id: 'page-heading', tabindex: '-1' }, steps.words.title), alert(steps.words.notConfigured));
        return;
      }
      steps.configured(config);
      let signInFailed = false;
      try {
        const returnTo = await steps.finishOidcSignIn(config);
        if (returnTo) history.replaceState(null, '', returnTo);
      } catch {
        signInFailed = true;
      }
      listen();
      await options.show();
      if (signInFailed) main.prepend(alert(steps.words.signInFailed));
    },
  };
}

function alert(text: string): HTMLElement {
  return el('p', { class: 'notice notice-error', role: 'alert' }, text);
}
