/**
 * Live call setup: which device is the agent's microphone and which carries the call (preselected from
 * what the devices look like, or the last choice), a level meter and a 3-second test beside each, the
 * agent's name (remembered here), recording (off unless ticked, and the screen says what is kept), Start.
 */
import type { LiveDevice } from '../../src/ipc/live.js';
import { DEVICE_TEST_SEC } from '../../src/ipc/live.js';
import { h, replace } from '../dom.js';
import type { Host } from '../host/host.js';
import type { LiveFeed } from '../live/live-feed.js';
import type { LivePrefs } from '../live/live-prefs.js';
import { deviceLabel, meterFill, preselect, testResult } from '../live/live-text.js';
import type { Scope } from '../scope.js';

export interface LiveSetupActions {
  /** The call started: show the live window. */
  started(): void;
  back(): void;
}

const RECORD_OFF = 'Recording is off: only the analysis is kept';
const RECORD_ON = 'A two-channel WAV of the call is kept on this computer';

interface DeviceRow {
  element: HTMLElement;
  select: HTMLSelectElement;
  meter: HTMLElement;
}

export function renderLiveSetup(
  root: HTMLElement,
  host: Host,
  feed: LiveFeed,
  prefs: LivePrefs,
  scope: Scope,
  actions: LiveSetupActions,
): void {
  const back = h('button', { class: 'btn ghost', type: 'button', id: 'live-back' }, '← Back');
  scope.listen(back, 'click', actions.back);
  const body = h('div', { class: 'live-setup-body' }, h('p', { class: 'muted' }, 'Looking for devices…'));
  replace(
    root,
    h(
      'section',
      { class: 'card live-setup', 'aria-labelledby': 'live-setup-title', id: 'live-setup' },
      h(
        'div',
        { class: 'row' },
        h('h1', { id: 'live-setup-title' }, 'Live call'),
        h('span', { class: 'spacer' }),
        back,
      ),
      h(
        'p',
        { class: 'muted' },
        'SoftSpoken listens to your microphone and to the call, and shows a short cue when the customer ' +
          'needs room. Cues are private to you: nothing is sent anywhere.',
      ),
      body,
    ),
  );

  void (async () => {
    const status = await host.live.status();
    if (scope.isClosed) return;
    if (!status.available) {
      replace(body, h('p', { class: 'live-problem', role: 'alert', id: 'live-unavailable' }, status.message));
      return;
    }
    try {
      const devices = await host.live.devices();
      if (!scope.isClosed) fill(body, devices, host, feed, prefs, scope, actions);
    } catch (error) {
      if (!scope.isClosed) replace(body, h('p', { class: 'live-problem', role: 'alert' }, messageOf(error)));
    }
  })();
}

function fill(
  body: HTMLElement,
  devices: LiveDevice[],
  host: Host,
  feed: LiveFeed,
  prefs: LivePrefs,
  scope: Scope,
  actions: LiveSetupActions,
): void {
  if (devices.length < 2) {
    replace(
      body,
      h(
        'p',
        { class: 'live-problem', role: 'alert' },
        devices.length === 0
          ? 'No capture device was found. Plug in your headset, check that the sound system runs, and come back.'
          : 'Only one capture device was found: a live call needs two (your microphone, and the call audio: ' +
              'the monitor of the device your softphone plays to).',
      ),
    );
    return;
  }
  const chosen = preselect(devices, prefs.devices);
  const agentRow = deviceRow('agent', 'Your microphone', devices, chosen.agent, host, scope);
  const callRow = deviceRow('call', 'The call audio', devices, chosen.call, host, scope);
  const name = h('input', {
    type: 'text',
    id: 'live-agent',
    maxlength: 100,
    autocomplete: 'off',
    placeholder: 'optional: keeps your usual level between calls',
    value: prefs.agent,
  });
  const record = h('input', { type: 'checkbox', id: 'live-record' });
  const recordNote = h('span', { class: 'muted', id: 'live-record-note' }, RECORD_OFF);
  scope.listen(record, 'change', () => (recordNote.textContent = record.checked ? RECORD_ON : RECORD_OFF));
  const start = h('button', { class: 'btn primary', type: 'button', id: 'live-start' }, 'Start');
  const problem = h('p', { class: 'live-problem', role: 'alert', id: 'live-start-error', hidden: true });

  scope.add(
    feed.attach((_change, message) => {
      if (message.type !== 'meter') return;
      for (const row of [agentRow, callRow]) {
        if (row.select.value === message.device) setMeter(row.meter, message.db);
      }
    }),
  );

  scope.listen(start, 'click', () => {
    const agentDevice = agentRow.select.value;
    const callDevice = callRow.select.value;
    problem.hidden = true;
    if (agentDevice === callDevice) {
      problem.textContent = 'Choose two different devices: your microphone, and the call audio.';
      problem.hidden = false;
      return;
    }
    start.disabled = true;
    prefs.agent = name.value;
    prefs.rememberDevices(agentDevice, callDevice);
    const agent = name.value.trim();
    host.live
      .start({ agentDevice, callDevice, record: record.checked, ...(agent !== '' && { agent }) })
      .then(() => {
        if (!scope.isClosed) actions.started();
      })
      .catch((error: unknown) => {
        if (scope.isClosed) return;
        problem.textContent = messageOf(error);
        problem.hidden = false;
        start.disabled = false;
      });
  });

  replace(
    body,
    agentRow.element,
    callRow.element,
    h(
      'label',
      { class: 'live-field', for: 'live-agent' },
      h('span', { class: 'live-field-label' }, 'Your name'),
      name,
    ),
    h('label', { class: 'live-check', for: 'live-record' }, record, h('span', {}, 'Record the call audio')),
    recordNote,
    problem,
    h('div', { class: 'row' }, start),
  );
}

function deviceRow(
  id: 'agent' | 'call',
  label: string,
  devices: LiveDevice[],
  selected: string | null,
  host: Host,
  scope: Scope,
): DeviceRow {
  const select = h('select', { id: `live-${id}-device` });
  for (const d of devices) {
    const option = h('option', { value: d.name, title: d.name }, deviceLabel(d, devices));
    option.selected = d.name === selected;
    select.append(option);
  }
  const fill = h('span', { class: 'live-meter-fill' });
  const meter = h(
    'span',
    {
      class: 'live-meter',
      role: 'meter',
      'aria-label': `${label} level`,
      'aria-valuemin': -60,
      'aria-valuemax': 0,
      id: `live-${id}-meter`,
    },
    fill,
  );
  const test = h(
    'button',
    { class: 'btn small', type: 'button', id: `live-${id}-test` },
    `Test ${DEVICE_TEST_SEC} s`,
  );
  const result = h('span', {
    class: 'live-test-result muted',
    'aria-live': 'polite',
    id: `live-${id}-result`,
  });
  scope.listen(select, 'change', () => {
    setMeter(meter, -Infinity);
    result.textContent = '';
  });
  scope.listen(test, 'click', () => {
    test.disabled = true;
    result.textContent = 'listening…';
    setMeter(meter, -Infinity);
    host.live
      .testDevice(select.value, DEVICE_TEST_SEC)
      .then(({ peakDb }) => (result.textContent = testResult(peakDb)))
      .catch((error: unknown) => (result.textContent = messageOf(error)))
      .finally(() => {
        test.disabled = false;
        setMeter(meter, -Infinity);
      });
  });
  const element = h(
    'div',
    { class: 'live-device' },
    h('label', { class: 'live-field-label', for: `live-${id}-device` }, label),
    select,
    h('div', { class: 'live-device-test' }, meter, test, result),
  );
  return { element, select, meter };
}

function setMeter(meter: HTMLElement, db: number): void {
  const fill = meter.firstElementChild as HTMLElement | null;
  if (fill) fill.style.width = `${Math.round(meterFill(db) * 100)}%`;
  meter.setAttribute('aria-valuenow', String(Number.isFinite(db) ? Math.round(db) : -60));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
