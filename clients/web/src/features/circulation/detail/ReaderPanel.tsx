/** The reader's desk: the typed 批示, the private draft state, 提交批示, one-click 圈阅, 转阅. */
import { Alert, Button, Card, Input, Popconfirm, Space, Typography } from 'antd';
import { CheckCircleOutlined, SendOutlined, ShareAltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { CirculationDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { isApiError, userMessageOf } from '../../../app/api/api-error';
import type { LayerEditor } from '../annotate/useLayerEditor';

const MAX_INSTRUCTION: typeof import('@yizhan/protocol').MAX_INSTRUCTION_CHARS = 2000;

interface Props {
  detail: CirculationDetail;
  editor: LayerEditor;
  submitting: boolean;
  onSubmit(circled: boolean): void;
  onTransfer(): void;
}

export function ReaderPanel({ detail, editor, submitting, onSubmit, onTransfer }: Props) {
  const t = useT();
  const task = detail.myTask;
  if (!task) return null;
  const canAnnotate = detail.actions.includes('annotate');
  const mine = detail.layers.find((l) => l.taskId === task.id);
  const nothing = editor.annotations.length === 0 && editor.instruction.trim().length === 0;

  return (
    <Card size="small" title={t('circ.panel.instruction')} data-testid="reader-panel">
      {task.status === 'recalled' && (
        <Alert type="warning" showIcon title={t('circ.panel.recalled')} style={{ marginBottom: 8 }} data-testid="recalled-alert" />
      )}
      {task.status === 'skipped' && <Alert type="info" showIcon title={t('circ.panel.skipped')} style={{ marginBottom: 8 }} />}
      {task.status === 'transferred' && <Alert type="info" showIcon title={t('circ.panel.transferred')} style={{ marginBottom: 8 }} />}
      {task.status === 'done' && mine && (
        <Alert
          type="success"
          showIcon
          title={t('circ.panel.done', { time: dayjs(mine.submittedAt).format('MM-DD HH:mm') })}
          description={mine.instruction || (mine.circled ? t('circ.layer.circled') : undefined)}
          style={{ marginBottom: 8 }}
          data-testid="done-alert"
        />
      )}
      {(canAnnotate || task.status === 'recalled') && (
        <>
          <Input.TextArea
            rows={5}
            maxLength={MAX_INSTRUCTION}
            showCount
            disabled={!canAnnotate}
            value={editor.instruction}
            onChange={(e) => editor.setInstruction(e.target.value)}
            placeholder={t('circ.panel.instructionPlaceholder')}
            data-testid="instruction-input"
            className="yz-circ-instruction"
          />
          <Typography.Text type={editor.saveError ? 'danger' : 'secondary'} className="yz-circ-draft-state" data-testid="draft-state">
            {editor.saving
              ? t('circ.panel.saving')
              : editor.saveError
                ? // A refusal says why (e.g. too much ink, with the limit); a network failure is retried on the next change.
                  isApiError(editor.saveError) && editor.saveError.status < 500 && editor.saveError.status > 0
                  ? userMessageOf(editor.saveError, t)
                  : t('circ.panel.saveFailed')
                : editor.savedAt
                  ? t('circ.panel.savedAt', { time: dayjs(editor.savedAt).format('HH:mm:ss') })
                  : t('circ.panel.private')}
          </Typography.Text>
        </>
      )}
      {canAnnotate && (
        <Space wrap style={{ marginTop: 10 }}>
          <Popconfirm
            title={t('circ.panel.submitConfirm')}
            description={t('circ.panel.submitHint')}
            onConfirm={() => onSubmit(false)}
            okButtonProps={{ 'data-testid': 'submit-confirm' } as never}
            disabled={nothing}
          >
            <Button type="primary" icon={<SendOutlined />} loading={submitting} disabled={nothing} data-testid="submit-layer">
              {t('circ.panel.submit')}
            </Button>
          </Popconfirm>
          <Button icon={<CheckCircleOutlined />} danger loading={submitting} onClick={() => onSubmit(true)} data-testid="circle-read">
            {t('circ.panel.circle')}
          </Button>
          <Button icon={<ShareAltOutlined />} onClick={onTransfer} data-testid="transfer-button">
            {t('circ.panel.transfer')}
          </Button>
        </Space>
      )}
      {canAnnotate && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t('circ.panel.signHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
