import type { ComponentType, ReactNode } from 'react';
import type { Role } from '@yizhan/protocol';
import type { MessageKey } from '../i18n/translate';

/**
 * One entry of the navigation and its route. A feature exports one of these from its module.tsx and
 * app/modules/index.ts lists them; the side menu and the routes are both made from that list.
 */
export interface AppModule {
  key: string;
  /** Absolute path; '/' is the workspace. Children's paths start with their parent's. */
  path: string;
  labelKey: MessageKey;
  icon?: ReactNode;
  /** Who sees it (any of these roles); everyone when absent. Children inherit it. */
  roles?: readonly Role[];
  /** The page; a module with children and no page redirects to its first visible child. */
  page?: ComponentType;
  children?: AppModule[];
}
