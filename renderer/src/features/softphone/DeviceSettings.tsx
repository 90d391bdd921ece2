import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  chooseDevice,
  devicesStore,
  refreshDevices,
  type DeviceChoice,
  type DeviceOption,
} from '../../services/softphone/media-devices';
import { startMicTest } from '../../services/softphone/mic-meter';
import { testRingtone } from '../../services/softphone/ringtone';
import { useStore } from '../../services/store';

function DeviceSelect(props: {
  label: string;
  testId: string;
  options: DeviceOption[];
  field: keyof DeviceChoice;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { choice } = useStore(devicesStore);
  const value = choice[props.field];
  // A remembered device that is unplugged now still shows, so the agent sees why the default is used.
  const known = value === '' || props.options.some((o) => o.id === value);
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        data-testid={props.testId}
        value={value}
        disabled={props.disabled}
        onChange={(e) => chooseDevice({ [props.field]: e.target.value })}
      >
        <option value="">{t('softphone.systemDefault')}</option>
        {!known && <option value={value}>{value.slice(0, 12)}…</option>}
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The microphone test: opens the chosen microphone and shows its level until stopped. */
function MicTest() {
  const { t } = useTranslation();
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<(() => void) | null>(null);
  const [running, setRunning] = useState(false);
  useEffect(() => () => stop.current?.(), []);

  const toggle = async () => {
    if (stop.current) {
      stop.current();
      stop.current = null;
      setRunning(false);
      return;
    }
    setError(null);
    const res = await startMicTest(setLevel);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    stop.current = res.stop;
    setRunning(true);
    void refreshDevices(); // labels appear once permission is granted
  };

  return (
    <div className="mic-test">
      <button type="button" className="btn small" data-testid="btn-mic-test" onClick={() => void toggle()}>
        {running ? t('softphone.micTestStop') : t('softphone.micTest')}
      </button>
      <meter
        data-testid="mic-level"
        data-level={level.toFixed(3)}
        aria-label={t('softphone.micLevel')}
        min={0}
        max={1}
        low={0.05}
        high={0.9}
        value={level}
      />
      {error && (
        <p className="error small" role="alert">
          {t('softphone.micFailed', { error })}
        </p>
      )}
    </div>
  );
}

/** Microphone, speaker and ring device, with a level test and a ring test. Choices are remembered. */
export function DeviceSettings() {
  const { t } = useTranslation();
  const { mics, speakers, canPickOutput } = useStore(devicesStore);
  useEffect(() => {
    void refreshDevices();
    const onChange = () => void refreshDevices();
    navigator.mediaDevices?.addEventListener('devicechange', onChange);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', onChange);
  }, []);
  return (
    <details className="device-settings" data-testid="device-settings">
      <summary>{t('softphone.devices')}</summary>
      <DeviceSelect label={t('softphone.microphone')} testId="select-mic" options={mics} field="micId" />
      <DeviceSelect
        label={t('softphone.speaker')}
        testId="select-speaker"
        options={speakers}
        field="speakerId"
        disabled={!canPickOutput}
      />
      <DeviceSelect
        label={t('softphone.ring')}
        testId="select-ring"
        options={speakers}
        field="ringId"
        disabled={!canPickOutput}
      />
      {!canPickOutput && <p className="muted small">{t('softphone.noOutputChoice')}</p>}
      <div className="actions">
        <MicTest />
        <button
          type="button"
          className="btn small"
          data-testid="btn-ring-test"
          onClick={() => testRingtone()}
        >
          {t('softphone.ringTest')}
        </button>
      </div>
    </details>
  );
}
