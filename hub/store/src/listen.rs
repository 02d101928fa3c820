//! `LISTEN` on a channel with a connection of its own, reconnecting when it drops, so every hub
//! node hears of changes made on any other (DESIGN.md: no state lives only in a hub process).

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_postgres::AsyncMessage;

use crate::Database;

/// What a listener reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenEvent {
    /// Listening (again): notifications sent while the connection was down are lost, so the
    /// receiver should reload everything it watches.
    Listening,
    /// A notification's payload.
    Notified(String),
}

const RETRY_MIN: Duration = Duration::from_millis(200);
const RETRY_MAX: Duration = Duration::from_secs(5);

impl Database {
    /// Starts listening on `channel` (a fixed identifier, not user input). The task ends when
    /// the receiver is dropped.
    pub fn listen(&self, channel: &'static str) -> mpsc::UnboundedReceiver<ListenEvent> {
        let (tx, rx) = mpsc::unbounded_channel();
        let db = self.clone();
        tokio::spawn(async move {
            let mut backoff = RETRY_MIN;
            while !tx.is_closed() {
                match db.listen_once(channel, &tx).await {
                    Ok(()) => backoff = RETRY_MIN,
                    Err(_) if tx.is_closed() => break,
                    Err(err) => {
                        tracing::warn!(%err, channel, "LISTEN connection lost; retrying");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(RETRY_MAX);
                    }
                }
            }
        });
        rx
    }

    /// One connection's life: LISTEN, forward notifications until it ends.
    async fn listen_once(
        &self,
        channel: &'static str,
        tx: &mpsc::UnboundedSender<ListenEvent>,
    ) -> Result<(), crate::StoreError> {
        let (client, mut messages) = self.dedicated().await?;
        // The connection must be polled for LISTEN itself to complete: drive it first.
        let forward = {
            let tx = tx.clone();
            async move {
                while let Some(message) = messages.next().await {
                    match message {
                        Ok(AsyncMessage::Notification(n)) => {
                            if tx
                                .send(ListenEvent::Notified(n.payload().to_owned()))
                                .is_err()
                            {
                                return;
                            }
                        }
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            }
        };
        let driver = tokio::spawn(forward);
        client
            .batch_execute(&format!("LISTEN {channel}"))
            .await
            .map_err(|e| crate::StoreError::from_pg("starting to listen", e))?;
        if tx.send(ListenEvent::Listening).is_err() {
            driver.abort();
            return Ok(());
        }
        // Runs until the connection ends or the receiver goes away.
        let _ = driver.await;
        drop(client);
        Err(crate::StoreError::Unavailable {
            reason: "the LISTEN connection ended".into(),
        })
    }
}
