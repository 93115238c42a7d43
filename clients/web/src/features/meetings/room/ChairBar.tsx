import { useState } from 'react';
import { Button, Card, InputNumber, Popconfirm, Space, Switch } from 'antd';
import type { MeetingLiveState } from '@yizhan/protocol';
import type { MeetingsT } from '../i18n';

export interface ChairBarActions {
  muteAll(muted: boolean): void;
  patrol(enabled: boolean, intervalSeconds: number): void;
  lock(locked: boolean): void;
  rollCall(): void;
  record(start: boolean): void;
  end(): void;
}

/** 主会场控制: whole-meeting actions. */
export function ChairBar({ state, actions, mt, busy }: { state: MeetingLiveState; actions: ChairBarActions; mt: MeetingsT; busy: boolean }) {
  const [interval, setInterval] = useState(state.patrol.intervalSeconds || 10);
  return (
    <Card size="small" title={mt('chair.title')} data-testid="chair-panel">
      <Space orientation="vertical" style={{ width: '100%' }} size="small">
        <Space wrap size="small">
          <Button size="small" onClick={() => actions.muteAll(true)} data-testid="chair-mute-all">
            {mt('chair.muteAll')}
          </Button>
          <Button size="small" onClick={() => actions.muteAll(false)}>
            {mt('chair.unmuteAll')}
          </Button>
          <Button size="small" onClick={actions.rollCall} data-testid="chair-roll-call">
            {mt('chair.rollCall')}
          </Button>
        </Space>
        <Space wrap size="small">
          <span>{mt('chair.patrol')}</span>
          <Switch size="small" checked={state.patrol.enabled} onChange={(on) => actions.patrol(on, interval)} data-testid="chair-patrol" />
          <span>{mt('chair.patrolInterval')}</span>
          <InputNumber size="small" min={3} max={600} value={interval} onChange={(v) => setInterval(Number(v) || 10)} style={{ width: 72 }} />
        </Space>
        <Space wrap size="small">
          <span>{mt('chair.lock')}</span>
          <Switch size="small" checked={state.locked} onChange={(on) => actions.lock(on)} data-testid="chair-lock" />
        </Space>
        <Space wrap size="small">
          <Button size="small" type={state.recording.active ? 'default' : 'primary'} danger={state.recording.active} loading={busy} onClick={() => actions.record(!state.recording.active)} data-testid="chair-record">
            {state.recording.active ? mt('chair.recordStop') : mt('chair.record')}
          </Button>
          <Popconfirm title={mt('chair.endConfirm')} onConfirm={actions.end}>
            <Button size="small" danger data-testid="chair-end">
              {mt('chair.end')}
            </Button>
          </Popconfirm>
        </Space>
      </Space>
    </Card>
  );
}
