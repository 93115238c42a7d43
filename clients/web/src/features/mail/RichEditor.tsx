import { useRef } from 'react';
import { App, Button, Divider, Tooltip } from 'antd';
import { BoldOutlined, ItalicOutlined, OrderedListOutlined, PictureOutlined, RedoOutlined, StrikethroughOutlined, TableOutlined, UnderlineOutlined, UndoOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';
import { useReportError } from '../../app/hooks/useReportError';
import { uploadFile, uploadUrl } from './mail-api';
import { useMailText } from './mail-text';

interface Props {
  initialHtml: string;
  onChange(html: string): void;
}

/** The compose body: tiptap with the formatting a government notice needs, tables and inline images (uploaded, sent as cid: parts). */
export function RichEditor({ initialHtml, onChange }: Props) {
  const t = useMailText();
  const { message } = App.useApp();
  const reportError = useReportError();
  const fileInput = useRef<HTMLInputElement>(null);

  const insertImages = async (editor: Editor, files: File[]) => {
    for (const file of files.filter((f) => f.type.startsWith('image/'))) {
      const hide = message.loading(`${t('uploading')} ${file.name}`, 0);
      try {
        const up = await uploadFile(file, () => {}).done;
        editor.chain().focus().setImage({ src: uploadUrl(up.id), alt: up.filename }).run();
      } catch (e) {
        reportError(e);
      } finally {
        hide();
      }
    }
  };

  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false } }), Image.configure({ inline: false }), TableKit.configure({ table: { resizable: false } })],
    content: initialHtml,
    shouldRerenderOnTransaction: true,
    immediatelyRender: true,
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
    editorProps: {
      attributes: { 'data-testid': 'mail-editor', 'aria-label': '正文' },
      handlePaste: (_view, event) => {
        const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
        if (files.length === 0 || !editor) return false;
        void insertImages(editor, files);
        return true;
      },
    },
  });

  if (!editor) return null;
  const button = (label: string, icon: React.ReactNode, run: () => void, active = false) => (
    <Tooltip title={label} key={label}>
      <Button size="small" type={active ? 'primary' : 'text'} ghost={active} icon={icon} aria-label={label} onMouseDown={(e) => e.preventDefault()} onClick={run} />
    </Tooltip>
  );
  const chain = () => editor.chain().focus();
  return (
    <div className="yz-editor">
      <div className="yz-editor-toolbar">
        {button(t('bold'), <BoldOutlined />, () => chain().toggleBold().run(), editor.isActive('bold'))}
        {button(t('italic'), <ItalicOutlined />, () => chain().toggleItalic().run(), editor.isActive('italic'))}
        {button(t('underline'), <UnderlineOutlined />, () => chain().toggleUnderline().run(), editor.isActive('underline'))}
        {button(t('strike'), <StrikethroughOutlined />, () => chain().toggleStrike().run(), editor.isActive('strike'))}
        <Divider type="vertical" />
        {button(t('heading'), <b style={{ fontSize: 12 }}>H</b>, () => chain().toggleHeading({ level: 3 }).run(), editor.isActive('heading'))}
        {button(t('bulletList'), <UnorderedListOutlined />, () => chain().toggleBulletList().run(), editor.isActive('bulletList'))}
        {button(t('orderedList'), <OrderedListOutlined />, () => chain().toggleOrderedList().run(), editor.isActive('orderedList'))}
        {button(t('quote'), <b style={{ fontSize: 14 }}>“</b>, () => chain().toggleBlockquote().run(), editor.isActive('blockquote'))}
        <Divider type="vertical" />
        {button(t('insertImage'), <PictureOutlined />, () => fileInput.current?.click())}
        {button(t('insertTable'), <TableOutlined />, () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run())}
        <Divider type="vertical" />
        {button(t('undo'), <UndoOutlined />, () => chain().undo().run())}
        {button(t('redo'), <RedoOutlined />, () => chain().redo().run())}
        <input
          ref={fileInput}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          multiple
          hidden
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void insertImages(editor, files);
          }}
        />
      </div>
      <div className="yz-editor-content">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
