import { Button, Card, Dropdown, Popconfirm, Tag, Tooltip } from 'antd';
import { AudioMutedOutlined, AudioOutlined, MoreOutlined } from '@ant-design/icons';
import type { MeetingLiveState, MeetingMember } from '@yizhan/protocol';
import type { MeetingsT } from '../i18n';
import { MEMBER_STATUS_COLORS } from '../labels';

export interface ChairActions {
  mute(key: string, muted: boolean): void;
  floor(key: string | null): void;
  broadcast(key: string | null): void;
  remove(key: string): void;
}

/** 会场状态: every venue and person with 在线/离线/发言中/静音, and the chair's per-venue actions. */
export function VenuePanel({ state, self, chair, mt }: { state: MeetingLiveState; self: string | null; chair: ChairActions | null; mt: MeetingsT }) {
  const row = (m: MeetingMember) => {
    const isChairVenue = m.key === state.chair;
    const menu = chair && m.key !== self && m.kind !== 'remote'
      ? [
          { key: 'floor', label: state.floor === m.key ? mt('chair.floorEnd') : mt('chair.floor'), onClick: () => chair.floor(state.floor === m.key ? null : m.key) },
          { key: 'broadcast', label: state.broadcast === m.key ? mt('chair.broadcastEnd') : mt('chair.broadcast'), onClick: () => chair.broadcast(state.broadcast === m.key ? null : m.key) },
        ]
      : [];
    return (
      <div key={m.key} className="yz-venue-row">
        <span className="yz-venue-name" title={m.name}>
          {m.name}
          {isChairVenue && <Tag color="red">{mt('role.chair')}</Tag>}
          {m.key === self && <Tag>{mt('room.self')}</Tag>}
          {state.floor === m.key && <Tag color="gold">{mt('room.floor')}</Tag>}
          {state.broadcast === m.key && <Tag color="purple">{mt('room.broadcast')}</Tag>}
        </span>
        <Tag color={MEMBER_STATUS_COLORS[m.status]} data-testid="venue-status" data-venue={m.key} data-status={m.status} style={{ marginInlineEnd: 0 }}>
          {mt(`member.status.${m.status}`)}
        </Tag>
        {chair && m.kind !== 'remote' && (
          <Tooltip title={m.chairMuted ? mt('chair.unmute') : mt('chair.mute')}>
            <Button
              size="small"
              type="text"
              danger={m.chairMuted}
              icon={m.chairMuted ? <AudioMutedOutlined /> : <AudioOutlined />}
              onClick={() => chair.mute(m.key, !m.chairMuted)}
              data-testid="chair-mute"
              data-venue={m.key}
              aria-label={m.chairMuted ? mt('chair.unmute') : mt('chair.mute')}
            />
          </Tooltip>
        )}
        {menu.length > 0 && (
          <Dropdown menu={{ items: menu }} trigger={['click']}>
            <Button size="small" type="text" icon={<MoreOutlined />} data-testid="chair-more" data-venue={m.key} aria-label={mt('chair.title')} />
          </Dropdown>
        )}
        {chair && m.key !== self && m.key !== state.chair && m.kind !== 'remote' && (
          <Popconfirm title={mt('chair.removeConfirm', { name: m.name })} onConfirm={() => chair.remove(m.key)}>
            <Button size="small" type="text" danger>
              {mt('chair.remove')}
            </Button>
          </Popconfirm>
        )}
      </div>
    );
  };
  return (
    <Card size="small" title={mt('venues.title')} data-testid="venue-list">
      {state.members.map(row)}
    </Card>
  );
}
