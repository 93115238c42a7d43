/** The pen case: reading hand, pen (colours, widths), highlighter, eraser, notes, highlight box, undo. */
import { Button, Divider, Space, Tooltip } from 'antd';
import { BgColorsOutlined, BorderOutlined, ClearOutlined, CommentOutlined, DragOutlined, EditOutlined, UndoOutlined } from '@ant-design/icons';
import { useT } from '../../../app/i18n';
import type { MessageKey } from '../../../app/i18n/translate';
import { PEN_COLORS, PEN_WIDTHS, type PenSettings, type Tool } from './tools';

interface Props {
  tool: Tool;
  pen: PenSettings;
  canUndo: boolean;
  onTool(t: Tool): void;
  onPen(p: PenSettings): void;
  onUndo(): void;
}

const TOOLS: Array<{ tool: Tool; key: MessageKey; icon: React.ReactNode }> = [
  { tool: 'read', key: 'circ.tool.read', icon: <DragOutlined /> },
  { tool: 'pen', key: 'circ.tool.pen', icon: <EditOutlined /> },
  { tool: 'highlighter', key: 'circ.tool.highlighter', icon: <BgColorsOutlined /> },
  { tool: 'highlight', key: 'circ.tool.highlight', icon: <BorderOutlined /> },
  { tool: 'note', key: 'circ.tool.note', icon: <CommentOutlined /> },
  { tool: 'eraser', key: 'circ.tool.eraser', icon: <ClearOutlined /> },
];

export function AnnotationTools({ tool, pen, canUndo, onTool, onPen, onUndo }: Props) {
  const t = useT();
  return (
    <Space size={4} wrap data-testid="annotation-tools">
      {TOOLS.map((x) => (
        <Tooltip key={x.tool} title={t(x.key)}>
          <Button
            size="small"
            type={tool === x.tool ? 'primary' : 'default'}
            icon={x.icon}
            onClick={() => onTool(x.tool)}
            aria-label={t(x.key)}
            aria-pressed={tool === x.tool}
            data-testid={`tool-${x.tool}`}
          >
            {x.tool === 'pen' ? t('circ.tool.penShort') : null}
          </Button>
        </Tooltip>
      ))}
      {tool === 'pen' && (
        <>
          <Divider orientation="vertical" />
          {PEN_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              className={`yz-circ-swatch${pen.color === c ? ' selected' : ''}`}
              style={{ background: c }}
              onClick={() => onPen({ ...pen, color: c })}
              aria-label={t('circ.tool.color', { color: c })}
              data-testid={`pen-color-${c.slice(1)}`}
            />
          ))}
          {PEN_WIDTHS.map((w) => (
            <button
              key={w}
              type="button"
              className={`yz-circ-width${pen.width === w ? ' selected' : ''}`}
              onClick={() => onPen({ ...pen, width: w })}
              aria-label={t('circ.tool.width', { width: w })}
            >
              <span style={{ height: Math.max(2, w * 1.5), background: pen.color }} />
            </button>
          ))}
        </>
      )}
      <Divider orientation="vertical" />
      <Tooltip title={t('circ.tool.undo')}>
        <Button size="small" icon={<UndoOutlined />} disabled={!canUndo} onClick={onUndo} aria-label={t('circ.tool.undo')} data-testid="tool-undo" />
      </Tooltip>
    </Space>
  );
}
