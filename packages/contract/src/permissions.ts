import { z } from 'zod';

export const permissionCategories = [
  { key: 'builders', label: 'Builders' },
  { key: 'audience', label: 'Audience' },
  { key: 'subscriptions', label: 'Subscriptions' },
  { key: 'payments', label: 'Payments' },
  { key: 'analytics', label: 'Analytics and data' },
  { key: 'settings', label: 'Settings and developer tools' },
] as const;
export type PermissionCategory = (typeof permissionCategories)[number]['key'];

/**
 * The default permission catalog: exactly the 24 keys of the Conscent IAM System API payload,
 * spelled as there (`Checkout` included), in the order the matrix shows them.
 */
export const defaultPermissionCatalog = [
  { key: 'ignite', label: 'Ignite', category: 'builders', description: 'Use the Ignite campaign builder.' },
  {
    key: 'paywallBuilder',
    label: 'Paywall builder',
    category: 'builders',
    description: 'Design and publish paywalls.',
  },
  { key: 'popUpBuilder', label: 'Pop-up builder', category: 'builders', description: 'Design and publish pop-ups.' },
  {
    key: 'newsLetterBuilder',
    label: 'Newsletter builder',
    category: 'builders',
    description: 'Design newsletter sign-up forms.',
  },
  {
    key: 'meterBannerBuilder',
    label: 'Meter banner builder',
    category: 'builders',
    description: 'Design metering banners.',
  },
  {
    key: 'audienceSegment',
    label: 'Audience segments',
    category: 'audience',
    description: 'Define and edit audience segments.',
  },
  { key: 'journey', label: 'Journeys', category: 'audience', description: 'Build reader journeys.' },
  { key: 'loginSetting', label: 'Login settings', category: 'audience', description: 'Configure how readers sign in.' },
  {
    key: 'manageSubscription',
    label: 'Manage subscriptions',
    category: 'subscriptions',
    description: 'View and change reader subscriptions.',
  },
  {
    key: 'subscriptionPlan',
    label: 'Subscription plans',
    category: 'subscriptions',
    description: 'Create and price subscription plans.',
  },
  {
    key: 'manualSubscriptions',
    label: 'Manual subscriptions',
    category: 'subscriptions',
    description: 'Grant subscriptions by hand.',
  },
  { key: 'payments', label: 'Payments', category: 'payments', description: 'View payments and refunds.' },
  { key: 'taxation', label: 'Taxation', category: 'payments', description: 'Configure tax rules.' },
  { key: 'Checkout', label: 'Checkout', category: 'payments', description: 'Configure the checkout flow.' },
  {
    key: 'micropayments',
    label: 'Micropayments',
    category: 'payments',
    description: 'Configure pay-per-article pricing.',
  },
  {
    key: 'paymentGateway',
    label: 'Payment gateways',
    category: 'payments',
    description: 'Connect and configure payment gateways.',
  },
  {
    key: 'billing',
    label: 'Billing',
    category: 'payments',
    description: 'View invoices and the plan of this account.',
  },
  { key: 'ga4', label: 'Google Analytics 4', category: 'analytics', description: 'Connect Google Analytics 4.' },
  { key: 'export', label: 'Export', category: 'analytics', description: 'Export reports and reader data.' },
  { key: 'notifications', label: 'Notifications', category: 'settings', description: 'Configure notifications.' },
  { key: 'webhooks', label: 'Webhooks', category: 'settings', description: 'Manage webhooks.' },
  {
    key: 'documentation',
    label: 'Documentation',
    category: 'settings',
    description: 'Read the integration documentation.',
  },
  {
    key: 'internalUser',
    label: 'Internal user',
    category: 'settings',
    description: 'Mark the account as an internal user.',
  },
  { key: 'pdfManager', label: 'PDF manager', category: 'settings', description: 'Upload and manage PDF editions.' },
] as const satisfies readonly {
  key: string;
  label: string;
  category: PermissionCategory;
  description: string;
}[];

export type PermissionKey = (typeof defaultPermissionCatalog)[number]['key'];
export const permissionKeys = defaultPermissionCatalog.map((p) => p.key) as [PermissionKey, ...PermissionKey[]];

export const permissionSchema = z.object({
  key: z.string(),
  label: z.string(),
  category: z.string(),
  description: z.string(),
});
export type Permission = z.infer<typeof permissionSchema>;

export const permissionCategorySchema = z.object({ key: z.string(), label: z.string() });
export const permissionCatalogSchema = z.object({
  categories: z.array(permissionCategorySchema),
  items: z.array(permissionSchema),
});
export type PermissionCatalog = z.infer<typeof permissionCatalogSchema>;
