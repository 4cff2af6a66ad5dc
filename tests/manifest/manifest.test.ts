/** manifest.yml validates against Slack's published JSON Schema and declares everything the app listens for. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/app.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const dir = new URL('../fixtures/manifest-schema/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The entry schema refers to the versioned schemas by their published URLs; register the vendored copies there.
  ajv.addSchema(read('schemas/manifest.schema.1.0.0.json'), 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json');
  ajv.addSchema(read('schemas/manifest.schema.2.0.0.json'), 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json');
  return ajv.compile(read('manifest.schema.json'));
}

describe('manifest.yml', () => {
  it("validates against Slack's published app manifest JSON Schema", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a manifest with an unknown key, so the schema check has teeth', () => {
    const validate = validator();
    expect(validate({ ...manifest, display_information: { ...manifest.display_information, colour: 'red' } })).toBe(false);
  });

  it('declares the slash command, the events and the scopes the listeners need, with Socket Mode on', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toContain('/sourcing');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'app_home_opened']));
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'im:history']));
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('requests the same bot scopes at OAuth install time as the manifest declares', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
