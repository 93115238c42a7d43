/** Each reader's layer, toggleable; the reader's own unfinished layer first. */
import { Card, List, Space, Switch, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ReaderLayer } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { LAYER_SWATCHES } from '../labels';

interface Props {
  layers: ReaderLayer[];
  hidden: ReadonlySet<string>;
  onToggle(key: string, visible: boolean): void;
  mine?: { count: number } | null;
  signatureUrl(taskId: string): string;
}

export const MINE = 'mine';

export function LayersPanel({ layers, hidden, onToggle, mine, signatureUrl }: Props) {
  const t = useT();
  const rows = [...(mine ? [{ key: MINE, mine: true as const }] : []), ...layers.map((l) => ({ key: l.taskId, layer: l }))];
  return (
    <Card size="small" title={t('circ.panel.layers')} data-testid="layers-panel">
      <List
        size="small"
        dataSource={rows}
        locale={{ emptyText: t('circ.layer.none') }}
        renderItem={(row, i) => (
          <List.Item
            key={row.key}
            data-testid={'layer' in row && row.layer ? `layer-${row.layer.username}` : 'layer-mine'}
            extra={
              <Switch
                size="small"
                checked={!hidden.has(row.key)}
                onChange={(v) => onToggle(row.key, v)}
                aria-label={t('circ.layer.toggle')}
                data-testid={`layer-toggle-${'layer' in row && row.layer ? row.layer.username : 'mine'}`}
              />
            }
          >
            {'layer' in row && row.layer ? (
              <div style={{ minWidth: 0 }}>
                <Space size={6} wrap>
                  <span
                    className="yz-circ-layer-dot"
                    style={{
                      background:
                        row.layer.annotations.find((a) => a.kind !== 'circle')?.color ??
                        row.layer.annotations[0]?.color ??
                        LAYER_SWATCHES[i % LAYER_SWATCHES.length],
                    }}
                  />
                  <Typography.Text strong>{row.layer.name}</Typography.Text>
                  <Typography.Text type="secondary">{row.layer.title}</Typography.Text>
                  {row.layer.circled && <Tag color="red">{t('circ.layer.circled')}</Tag>}
                  {row.layer.annotations.some((a) => a.kind !== 'circle') && (
                    <Tag>{t('circ.layer.marks', { n: row.layer.annotations.filter((a) => a.kind !== 'circle').length })}</Tag>
                  )}
                </Space>
                {row.layer.instruction && <div className="yz-circ-layer-text">{row.layer.instruction}</div>}
                <div className="yz-circ-layer-meta">
                  {dayjs(row.layer.submittedAt).format('MM-DD HH:mm')} ·{' '}
                  <a href={signatureUrl(row.layer.taskId)} download title={t('circ.layer.signatureHint')}>
                    <SafetyCertificateOutlined /> {t('circ.layer.signature')}
                  </a>
                </div>
              </div>
            ) : (
              <Space size={6}>
                <span className="yz-circ-layer-dot mine" />
                <Typography.Text strong>{t('circ.layer.mine')}</Typography.Text>
                <Typography.Text type="secondary">{t('circ.layer.mineHint', { n: mine?.count ?? 0 })}</Typography.Text>
              </Space>
            )}
          </List.Item>
        )}
      />
    </Card>
  );
}
