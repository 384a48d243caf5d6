import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller.js';

/** What the react-admin console asks of the API beyond the resources (its static files: {@link registerConsole}). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
