import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { COURSE_CLIENT, natsOptions } from '@azora/messaging';
import { CatalogClient } from './catalog.client.js';
import { EnrollmentsClient } from './enrollments.client.js';

/** Payment's one NATS connection, as a client of the course service; payment serves no messages. */
@Module({
  imports: [
    ClientsModule.registerAsync([
      { name: COURSE_CLIENT, inject: [APP_CONFIG], useFactory: (config: BaseEnv) => natsOptions(config.NATS_URL) },
    ]),
  ],
  providers: [CatalogClient, EnrollmentsClient],
  exports: [CatalogClient, EnrollmentsClient],
})
export class CatalogModule {}
