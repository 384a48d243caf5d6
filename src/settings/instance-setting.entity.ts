import { defineEntity, p } from '@mikro-orm/core';

const InstanceSettingSchema = defineEntity({
  name: 'InstanceSetting',
  tableName: 'instance_setting',
  properties: {
    key: p.string().length(100).primary(),
    value: p.json<unknown>(),
    version: p.integer().version(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** One instance-wide setting (e.g. the registration mode), stored as JSON under a well-known key. */
export class InstanceSetting extends InstanceSettingSchema.class {}
InstanceSettingSchema.setClass(InstanceSetting);
