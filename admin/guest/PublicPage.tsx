import type { ReactNode } from 'react';
import { AppBar, Box, Container, Toolbar, Typography } from '@mui/material';
import LiquorIcon from '@mui/icons-material/Liquor';

/** The frame of the pages people open without an account: a plain bar and a narrow column. */
export const PublicPage = ({ children }: { children: ReactNode }) => (
  <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
    <AppBar position="static" color="primary" elevation={0}>
      <Toolbar variant="dense">
        <LiquorIcon sx={{ mr: 1 }} />
        <Typography variant="h6" component="div">
          Whiskey Tracker
        </Typography>
      </Toolbar>
    </AppBar>
    <Container maxWidth="md" sx={{ py: 2 }}>
      {children}
    </Container>
  </Box>
);
