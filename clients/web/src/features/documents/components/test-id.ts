import type { ButtonProps } from 'antd';

/** A data-testid for buttons antd renders for us (a dialog's OK): ButtonProps does not list data-* attributes. */
export const buttonTestId = (id: string, props: ButtonProps = {}): ButtonProps => ({ ...props, 'data-testid': id }) as ButtonProps;
