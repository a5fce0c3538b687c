import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import SettingsBrightnessOutlined from '@mui/icons-material/SettingsBrightnessOutlined';
import type { ReactNode } from 'react';

export type ThemeMode = 'light' | 'dark' | 'system';

export const themeModes: { mode: ThemeMode; label: string; icon: ReactNode }[] = [
  { mode: 'light', label: 'Light', icon: <LightModeOutlined /> },
  { mode: 'dark', label: 'Dark', icon: <DarkModeOutlined /> },
  { mode: 'system', label: 'System', icon: <SettingsBrightnessOutlined /> },
];
