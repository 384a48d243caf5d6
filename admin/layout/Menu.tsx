import { Box, ListItemIcon, MenuItem, Typography } from '@mui/material';
import {
  DashboardMenuItem,
  Menu as RaMenu,
  useAuthProvider,
  usePermissions,
  useSidebarState,
} from 'react-admin';
import QueueIcon from '@mui/icons-material/Queue';
import type { ConsoleAuthProvider, Permissions } from '../authProvider';
import { MENU_SECTIONS } from './menu-sections';

/** The side menu: the dashboard, then one titled section per area (admin sections for admins only). */
export const Menu = () => {
  const { permissions } = usePermissions<Permissions>();
  const [open] = useSidebarState();
  const authProvider = useAuthProvider<ConsoleAuthProvider>();
  return (
    <RaMenu>
      <DashboardMenuItem />
      {MENU_SECTIONS.filter((section) => !section.adminOnly || permissions?.role === 'admin').map(
        (section) => (
          <Box key={section.title} component="nav" aria-label={section.title}>
            {open && (
              <Typography variant="overline" color="text.secondary" sx={{ px: 2, pt: 1.5, display: 'block' }}>
                {section.title}
              </Typography>
            )}
            {section.entries
              .filter((entry) => !entry.instanceAdminOnly || permissions?.instanceAdmin)
              .map((entry) => (
                <RaMenu.Item key={entry.to} to={entry.to} primaryText={entry.label} leftIcon={entry.icon} />
              ))}
            {section.title === 'Admin' && permissions?.instanceAdmin && authProvider && (
              <MenuItem onClick={() => void authProvider.openJobBoard()}>
                <ListItemIcon>
                  <QueueIcon />
                </ListItemIcon>
                {open && 'Job board'}
              </MenuItem>
            )}
          </Box>
        ),
      )}
    </RaMenu>
  );
};
