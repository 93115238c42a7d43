import { useState, type ReactNode } from 'react';
import { Modal, type FormInstance, type ModalProps } from 'antd';
import { useReportError } from '../hooks/useReportError';

interface FormModalProps<V> extends Omit<ModalProps, 'onOk' | 'confirmLoading' | 'onCancel' | 'children'> {
  form: FormInstance<V>;
  /** Called with the validated values; a thrown error is shown (the server's Chinese message) and the modal stays open. */
  onSubmit(values: V): Promise<void>;
  onClose(): void;
  danger?: boolean;
  children?: ReactNode;
}

/** A modal around one antd form: validate, submit with a spinner, report errors — the same for every admin dialog. */
export function FormModal<V>({ form, onSubmit, onClose, danger, children, ...modal }: FormModalProps<V>) {
  const reportError = useReportError();
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch (e) {
      reportError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      destroyOnHidden
      mask={{ closable: false }}
      width={560}
      {...modal}
      okButtonProps={danger ? { danger: true } : undefined}
      onOk={() => void submit()}
      confirmLoading={submitting}
      onCancel={onClose}
    >
      {children}
    </Modal>
  );
}
