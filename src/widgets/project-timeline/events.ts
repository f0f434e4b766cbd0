/** Events of <luukku-project-timeline>. */

export interface ProjectCreatedDetail {
  /** The private project token: keep it (e.g. in the page's URL); it is the only key to the project. */
  token: string;
  title: string;
}

/** Fired when the organiser created a project (by hand or from the permit explorer's result). Bubbles, composed. */
export class LuukkuProjectCreatedEvent extends Event {
  static readonly eventName = 'luukku-project-created';
  readonly detail: ProjectCreatedDetail;
  constructor(detail: ProjectCreatedDetail) {
    super(LuukkuProjectCreatedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'luukku-project-created': LuukkuProjectCreatedEvent;
  }
}
