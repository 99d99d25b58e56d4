// What every page of the console is given: where to render, the signed-in session, and navigation.
import type { Session } from '../types.js';

/** ViewContext is a page's environment. */
export interface ViewContext {
  /** The <main> element the page renders into. */
  readonly main: HTMLElement;
  readonly session: Session;
  /** navigate goes to a console location ("#/domains/example.test"). */
  navigate(hash: string): void;
  /** setTitle sets the document title ("… · Dynzone"). */
  setTitle(title: string): void;
}
