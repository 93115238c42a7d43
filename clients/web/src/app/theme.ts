import type { ThemeConfig } from 'antd';

/** Government blue with the seal red as an accent; used by ConfigProvider and the header. */
export const brand = {
  primary: '#1a4b8c',
  header: '#0f2f5c',
  seal: '#b3262d',
};

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brand.primary,
    colorLink: brand.primary,
    // The palette antd derives from this dark blue makes selections grey; pin them to a clear light blue.
    colorPrimaryBg: '#e6eef9',
    colorPrimaryBgHover: '#d3e1f4',
    controlItemBgActive: '#e6eef9',
    controlItemBgActiveHover: '#d3e1f4',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: brand.header, headerPadding: '0 16px', headerHeight: 56, siderBg: '#ffffff', lightSiderBg: '#ffffff' },
    Menu: { itemSelectedBg: '#e6eef9', itemSelectedColor: brand.primary, itemBg: '#ffffff', subMenuItemBg: '#ffffff' },
  },
};

/** Tablets: bigger controls for fingers. */
export function prefersTouch(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches === true;
}
