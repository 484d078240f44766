// Argo CD notification subscriptions: which events reach whom, on which channel.
// Below every construct: this module imports nothing of src/.

/** Argo CD notifications triggers (from the argocd-notifications catalog). */
export enum NotificationTrigger {
  /** A sync failed or errored. */
  ON_SYNC_FAILED = 'on-sync-failed',
  /** The application's health became Degraded. */
  ON_HEALTH_DEGRADED = 'on-health-degraded',
  /** A sync succeeded and the application is Healthy: a new version is live. */
  ON_DEPLOYED = 'on-deployed',
}

/** Where a notification goes: an Argo CD notifications service and a recipient of it. */
export class NotificationChannel {
  /** A Slack channel ("deploys", without "#"), through the `slack` service of argocd-notifications-cm. */
  public static slack(channel: string): NotificationChannel {
    return new NotificationChannel('slack', channel);
  }

  /** An e-mail address, through the `email` service of argocd-notifications-cm. */
  public static email(address: string): NotificationChannel {
    return new NotificationChannel('email', address);
  }

  /** A webhook configured as `service.webhook.<name>` in argocd-notifications-cm (it has no recipient). */
  public static webhook(name: string): NotificationChannel {
    return new NotificationChannel(name, '', 'webhook');
  }

  private constructor(
    /** The service name in the subscription annotation ("slack", "email", or the webhook's name). */
    public readonly service: string,
    /** The recipient ("" for a webhook). */
    public readonly recipient: string,
    /** "slack", "email" or "webhook". */
    public readonly kind: string = service) {}
}

/** Which events are sent to which channels. */
export interface NotificationSubscription {
  /** Events to send. */
  readonly on: NotificationTrigger[];
  /** Channels they go to (at least one). */
  readonly channels: NotificationChannel[];
}
