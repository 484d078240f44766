import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication, NotificationChannel, NotificationSubscription, NotificationTrigger, Platform } from '../src';
import { find, synth, synthErrors } from './util';
import { renderReport } from '../src/synth/synth';

const repoURL = 'https://git.example.com/acme/shop.git';

function application(notifications: NotificationSubscription[] | undefined, defaults?: NotificationSubscription[]) {
  const app = Testing.app();
  if (defaults) Platform.configure(app, { defaults: { notifications: defaults } });
  const chart = new Chart(app, 'platform');
  new ArgoCdApplication(chart, 'shop', { repoURL, notifications });
  return { app, chart };
}

const annotationsOf = (chart: Chart) => {
  const all = find(synth(chart), 'Application', 'shop').metadata.annotations;
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('notifications.argoproj.io/')));
};

describe('Argo CD notifications', () => {
  test('one annotation per trigger and service; recipients of one service joined by ";"', () => {
    const { chart } = application([
      { on: [NotificationTrigger.ON_SYNC_FAILED, NotificationTrigger.ON_HEALTH_DEGRADED], channels: [NotificationChannel.slack('shop-alerts'), NotificationChannel.email('oncall@example.com')] },
      { on: [NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.slack('shop-deploys'), NotificationChannel.webhook('github')] },
      { on: [NotificationTrigger.ON_SYNC_FAILED], channels: [NotificationChannel.slack('platform'), NotificationChannel.slack('shop-alerts')] },
    ]);
    expect(annotationsOf(chart)).toEqual({
      'notifications.argoproj.io/subscribe.on-deployed.github': '',
      'notifications.argoproj.io/subscribe.on-deployed.slack': 'shop-deploys',
      'notifications.argoproj.io/subscribe.on-health-degraded.email': 'oncall@example.com',
      'notifications.argoproj.io/subscribe.on-health-degraded.slack': 'shop-alerts',
      'notifications.argoproj.io/subscribe.on-sync-failed.email': 'oncall@example.com',
      'notifications.argoproj.io/subscribe.on-sync-failed.slack': 'shop-alerts;platform',
    });
    expect(find(synth(chart), 'Application', 'shop').metadata).toMatchSnapshot();
  });

  test('organisation defaults are added to every Application\'s own subscriptions', () => {
    const { chart } = application(
      [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.slack('shop-deploys')] }],
      [{ on: [NotificationTrigger.ON_SYNC_FAILED, NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.slack('platform-alerts')] }],
    );
    expect(annotationsOf(chart)).toEqual({
      'notifications.argoproj.io/subscribe.on-deployed.slack': 'platform-alerts;shop-deploys',
      'notifications.argoproj.io/subscribe.on-sync-failed.slack': 'platform-alerts',
    });
  });

  test('no subscriptions: no notification annotations', () => {
    expect(annotationsOf(application(undefined).chart)).toEqual({});
  });

  test('the Application with notifications passes the rule pack', () => {
    const { app } = application([{ on: [NotificationTrigger.ON_SYNC_FAILED], channels: [NotificationChannel.email('oncall@example.com')] }]);
    expect(renderReport(app).findings.filter(f => f.severity === 'error' && !f.suppressed)).toEqual([]);
  });
});

describe('bad input', () => {
  test.each<[string, NotificationSubscription[], string]>([
    ['a subscription without a channel', [{ on: [NotificationTrigger.ON_SYNC_FAILED], channels: [] }],
      'notifications[0].channels [] is empty: send the events somewhere'],
    ['a subscription without triggers', [{ on: [], channels: [NotificationChannel.slack('x')] }], 'notifications[0].on [] is empty'],
    ['an unknown trigger', [{ on: ['on-sync-succeeded' as NotificationTrigger], channels: [NotificationChannel.slack('x')] }],
      'notifications[0].on "on-sync-succeeded" is not a notification trigger: use one of "on-sync-failed", "on-health-degraded", "on-deployed"'],
    ['a Slack channel with #', [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.slack('#deploys')] }],
      'notifications[0].channels[0] "#deploys" is not a Slack channel name'],
    ['two addresses in one', [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.email('a@example.com;b@example.com')] }],
      'notifications[0].channels[0] "a@example.com;b@example.com" is not an e-mail address'],
    ['a webhook name with a dot', [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.webhook('git.hub')] }],
      'notifications[0].channels[0] "git.hub" is not a webhook name'],
    ['a plain object as a channel', [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [{ service: 'slack', recipient: 'x' } as any] }],
      'notifications[0].channels[0] {"service":"slack","recipient":"x"} is not a channel'],
  ])('%s is an error', (_what, notifications, message) => {
    expect(synthErrors(application(notifications).chart)).toContain(`[platform/shop] ${message}`);
  });

  test('errors in the organisation defaults name the defaults', () => {
    const { chart } = application(undefined, [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [] }]);
    expect(synthErrors(chart)).toContain('[platform/shop] defaults.notifications[0].channels [] is empty');
  });
});

